"""One household's read-only view (model.household_view) against the population's frame."""

import numpy as np
import pandas as pd
import pytest

from model.households import INCOME_SOURCES


def test_single_household_view_and_frame_agree(baseline_small):
    population = baseline_small.households
    view = population[10]
    frame = population.to_frame()
    assert view.size == frame.loc[10, "size"]
    assert view.village == frame.loc[10, "village"]
    assert set(view.income) == set(INCOME_SOURCES)
    assert "Household(" in repr(view)
    with pytest.raises(AttributeError):
        view.registered = True
    with pytest.raises(IndexError):
        population[len(population)]
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(population)
    assert view.ages == [a for a in population.age[:, 10] if a >= 0]
    assert np.isfinite(population.net_income_pc(last_year=True)).all()
