import numpy as np

from model.checks import Check


def test_a_check_finds_only_group_members_below_the_line_whose_draw_is_under_the_chance():
    measured = np.array([1000.0, 1000.0, 1000.0, 5000.0, 1000.0])
    u = np.array([0.1, 0.9, 0.1, 0.1, 0.1])
    group = np.array([True, True, True, True, False])
    check = Check(measured, u, line=3000.0, probability=0.5)
    # 1: its draw misses it; 3: above the line; 4: not in the group
    assert check.found_below_line(group).tolist() == [0, 2]


def test_a_check_with_no_chance_finds_nobody():
    measured = np.full(4, 1000.0)
    check = Check(measured, np.zeros(4), line=3000.0, probability=0.0)
    assert check.found_below_line(np.ones(4, dtype=bool)).size == 0
