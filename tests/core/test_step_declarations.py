"""A row says everything a step does, and nothing outside the table says it again.

- Trigger names are written `Trigger.X` outside workflows/: a string literal equal to a trigger
  is found by parsing the Python files (see `trigger_literals` for the rule).
- Every effect a row names has one function in the services' registry, and nothing else is there.
- The templates' `generated_by` equals what the table says, the leaders' waits name real answers.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from dossier.services.effects import EFFECTS
from dossier.services.queries import LEADER_WAITING
from web.inbox import DECISIONS
from workflows import STEPS, Role, Status, Trigger
from workflows.effects import Effect
from workflows.labels import PHASE_LABELS
from workflows.states import Phase
from workflows.table import phase_of, steps_producing, waits_for

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("dossier", "web", "templates_docx", "bench")
TRIGGER_VALUES = frozenset(t.value for t in Trigger)

def trigger_literals(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string constant whose whole value is a trigger name.

    The rule: in Python code, a str constant exactly equal to a `Trigger` value is a trigger
    written as a string: nothing else in this code base is spelt "submit", "accept" or "stop" on
    its own (an ordinary word sits inside a longer sentence, which never equals a trigger).
    Parts of longer strings and f-strings ("transition.{trigger}", "one 'submit' decision"),
    comments, and templates (HTML's type="submit") are not Python constants of that value, so
    they never match; a Trigger member is an attribute, never a constant, so it never matches.
    The names in a module's `__all__` are Python identifiers (a function may be called `accept`).
    """
    tree = ast.parse(source)
    exported = {id(node) for assign in ast.walk(tree) if isinstance(assign, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "__all__" for t in assign.targets)
                for node in ast.walk(assign.value)}  # `__all__` names Python objects, not steps
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in TRIGGER_VALUES
                  and id(node) not in exported)


def test_the_rule_finds_string_triggers_and_nothing_else() -> None:
    source = (
        'latest_inputs(s, d, "accept")\n'
        'fire(db, trigger="stop")\n'
        'x = {"approve": 1}\n'
        'button = \'<button type="submit">Gửi</button>\'\n'
        'note = "stop the dossier"  # "settle"\n'
        'event = f"transition.{trigger}"\n'
        'ok = Trigger.ACCEPT\n'
        '__all__ = ["accept", "open_session"]\n'
    )
    assert trigger_literals(source) == [(1, "accept"), (2, "stop"), (3, "approve")]


def test_no_trigger_is_written_as_a_string_outside_workflows() -> None:
    found = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            found += [f"{rel}:{line}: {value!r} (write Trigger.{value.upper()})"
                      for line, value in trigger_literals(path.read_text("utf-8"))]
    assert not found, "\n".join(found)


def test_every_effect_named_by_a_row_has_one_function() -> None:
    assert set(EFFECTS) == set(Effect)
    named = {effect for step in STEPS for effect in step.effects}
    assert named == set(Effect), set(Effect) - named  # no effect left unused either


def test_dossier_effects_come_before_ledger_effects() -> None:
    # The history row records the dossier's version after its own changes (services.effects).
    for step in STEPS:
        if Effect.EXTEND_END_DATE in step.effects:
            assert step.effects[0] == Effect.EXTEND_END_DATE, step.trigger


def test_generated_by_in_the_manifests_is_what_the_table_says() -> None:
    documents = {template for step in STEPS for template in step.documents}
    for manifest in sorted((ROOT / "templates_docx").glob("*/manifest.toml")):
        template_id = manifest.parent.name
        generated_by = tomllib.loads(manifest.read_text("utf-8"))["generated_by"]
        if template_id in documents:
            assert generated_by == list(steps_producing(template_id)), template_id
        else:  # made outside the workflow (plan documents, reports): no step claims it
            assert not TRIGGER_VALUES & set(generated_by), template_id
        documents.discard(template_id)
    assert not documents, f"the table names templates that do not exist: {sorted(documents)}"


def test_de_an_is_made_at_submission_and_at_resubmission() -> None:
    assert steps_producing("de_an_khuyen_cong") == (Trigger.SUBMIT, Trigger.RESUBMIT)


def test_a_waited_for_decision_is_answered_by_that_role_from_that_state() -> None:
    for role in Role:
        for status, wait in waits_for(role).items():
            for answer in (wait.agree, wait.send_back):
                assert any(step.trigger == answer and status in step.sources and role in step.roles
                           for step in STEPS), (status, answer)


def test_the_inbox_and_the_leaders_queue_come_from_the_table() -> None:
    assert LEADER_WAITING == (Status.SUBMITTED_FOR_APPROVAL, Status.ADJUSTMENT_PENDING)
    assert DECISIONS == {
        "submitted_for_approval": ("approve", "return_to_officer"),
        "adjustment_pending": ("approve_adjustment", "reject_adjustment"),
    }


def test_every_state_has_a_phase_and_every_phase_a_label() -> None:
    assert set(PHASE_LABELS) == set(Phase)
    assert {phase_of(s) for s in Status} == set(Phase)
    assert phase_of(Status.DRAFT) == Phase.PROPOSAL
    assert phase_of(Status.APPRAISED) == Phase.APPRAISAL  # entered first by the appraisal, not by a return
    assert phase_of(Status.STOPPED) == Phase.IMPLEMENTATION


def test_the_deadline_rules_name_real_steps_and_states() -> None:
    # Data files keep the stored keys (TOML has no enum); they must be keys the table knows.
    rules = tomllib.loads((ROOT / "dossier" / "data" / "deadlines.toml").read_text("utf-8"))["rule"]
    for rule in rules:
        assert Trigger(rule["since"]) and Status(rule["state"]), rule
        assert any(step.trigger == rule["since"] and step.dest == rule["state"] for step in STEPS), rule
