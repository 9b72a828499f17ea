from __future__ import annotations

from byvekst.core.policy import actions
from tests.assessment.test_assessment import MATRIX as ASSESSMENT
from tests.cases.test_cases import MATRIX as CASES
from tests.collaboration.test_policies import MATRIX as COLLABORATION
from tests.followup.test_policies import MATRIX as FOLLOWUP
from tests.goals.test_goals import MATRIX as GOALS
from tests.governance.test_policy_matrix import MATRIX as GOVERNANCE
from tests.portfolio.test_portfolio import MATRIX as PORTFOLIO
from tests.projects.test_policy_matrix import MATRIX as PROJECTS


def test_every_action_has_a_row_in_a_permission_matrix() -> None:
    covered = (
        set(GOVERNANCE)
        | set(PROJECTS)
        | set(ASSESSMENT)
        | set(CASES)
        | set(PORTFOLIO)
        | set(FOLLOWUP)
        | set(COLLABORATION)
        | set(GOALS)
    )
    assert set(actions()) == covered, f"add a matrix row for: {sorted(set(actions()) - covered)}"
