"""The dossier workflow: states, the declarative table, guards and the deciding machine.

Imports nothing of the web or the database; the service layer builds `Facts` and asks `decide`.
"""

from workflows.facts import CapRule, Facts
from workflows.machine import (
    Action,
    Decision,
    GuardFailed,
    InvalidTransition,
    NotPermitted,
    WorkflowRefusal,
    available_actions,
    decide,
)
from workflows.states import EDITABLE, INITIAL, TERMINAL, Role, Status, Trigger
from workflows.table import STEPS, TRIGGERS, Step, inputs_for, steps_for

__all__ = [
    "EDITABLE", "INITIAL", "STEPS", "TERMINAL", "TRIGGERS", "Action", "CapRule", "Decision", "Facts",
    "GuardFailed", "InvalidTransition", "NotPermitted", "Role", "Status", "Step", "Trigger", "WorkflowRefusal",
    "available_actions", "decide", "inputs_for", "steps_for",
]
