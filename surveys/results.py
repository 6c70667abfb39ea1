"""A round's results as releases: the figures, planned by the anonymity engine, as plain data.

`round_results_compute` builds one release of a round (stored as a `Release`, and copied into
`RoundResults` as what people see now, by `services.release_make`); pages, charts, exports and the
dashboard selectors all read that stored structure through `surveys.stored_results`, so no view
can show a figure the rules hide. Which figures a release shows, holds ("as at release N") or hides
is decided by `people.anonymity` (its docstring has the rules): the suppression of
docs/anonymity.md, "Hiding small groups" (minimum group size, family rules, a hidden school hides
its role groups, question by question and score by score) plus the auditor of overlapping groups
and the rules between releases.
Here the round is described to the engine: every group as a set of atoms (school, role group,
department), and every figure's respondents per atom; the sums and each group's table of figures
are built by `surveys.tallies`.
"""

from collections import defaultdict

from people import anonymity
from surveys.stored_results import figures_by_key
from surveys.tallies import (
    Cell,
    Group,
    accumulate,
    group_figures,
    question_meta,
    score_meta,
)

ROLE_GROUPS = ("teaching", "support")
CENTRAL = "central"


def figure_keys(questions: list[dict], scores: list[dict]) -> list[str]:
    """The engine's name for every figure of a round: respondents, then questions, then scores."""
    return (
        [anonymity.RESPONDENTS]
        + [f"q:{q['key']}" for q in questions]
        + [f"s:{s['instrument']}:{s['key']}" for s in scores]
    )


def shown_counts(data: dict) -> dict[str, dict[str, int]]:
    """{figure: {group key: n}} of every cell a stored release shows (held cells included)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for group in data["groups"]:
        if group["suppressed"]:
            continue
        key = group["key"]
        out[anonymity.RESPONDENTS][key] = group["respondents"]
        for q in group["questions"]:
            if not q.get("suppressed"):
                out[f"q:{q['key']}"][key] = q["n"]
        for s in group["scores"]:
            if not s.get("suppressed"):
                out[f"s:{s['instrument']}:{s['key']}"][key] = s["n"]
    return out


def _atom_counts(atoms: dict[tuple, Cell], questions, scores) -> dict[str, dict]:
    counts: dict[str, dict] = {anonymity.RESPONDENTS: {}}
    for q in questions:
        counts[f"q:{q['key']}"] = {}
    for s in scores:
        counts[f"s:{s['instrument']}:{s['key']}"] = {}
    for atom, cell in atoms.items():
        counts[anonymity.RESPONDENTS][atom] = cell.respondents
        for q in questions:
            counts[f"q:{q['key']}"][atom] = cell.answered.get(q["key"], 0)
        for s in scores:
            counts[f"s:{s['instrument']}:{s['key']}"][atom] = cell.score_n.get(
                (s["instrument"], s["key"]), 0
            )
    return counts


def round_results_compute(
    *,
    round,
    questions,
    responses,
    schools,
    clusters,
    invited: dict | None,
    earlier: list[dict] = (),
    number: int = 1,
) -> dict:
    """A release of a round: every figure, planned by the anonymity engine, as plain data.

    responses: iterable of (school_id, role_group, department, answers); schools: {id: School};
    clusters: [(name, [school ids])]; invited: {"trust": N, school urn: N} or None (imported);
    earlier: the data of the round's earlier releases, oldest first; number: this release's.
    Cells the engine holds keep the values of the release that last showed them, marked with
    that release's number ("as_at"). The release's anonymity statement is under "statement".
    """
    k = round.min_group_size
    question_rows = question_meta(questions)
    scores = score_meta(round.instruments, {q.key for q in questions})
    items = {
        q["key"]: {"min": q["min"], "max": q["max"], "reverse": q["reverse"]}
        for q in question_rows
        if q["numeric"]
    }

    atoms: dict[tuple, Cell] = defaultdict(Cell)
    for school_id, role_group, department, answers in responses:
        cell = atoms[(school_id, role_group, (department or "").strip())]
        accumulate(cell, answers, question_rows, scores, items)
    for school_id, _role, _department in atoms:
        if school_id is not None and school_id not in schools:
            raise ValueError(
                f"A response names school {school_id}, which is not in the round's schools."
            )

    groups: dict[str, Group] = {"trust": Group("trust", "Whole trust", (0,))}
    members: dict[str, set] = defaultdict(set)
    families: list[tuple[str, list[str]]] = []
    children: dict[str, list[str]] = {}
    ordered = sorted(schools.values(), key=lambda s: s.urn)
    for school in ordered:
        groups[school.urn] = Group(
            "school", school.name, (1, school.urn), school_urn=school.urn, school_name=school.name
        )
        for role in ROLE_GROUPS:
            groups[f"{school.urn}/{role}"] = Group(
                "role",
                f"{school.name}: {role}",
                (2, school.urn, ROLE_GROUPS.index(role)),
                school_urn=school.urn,
                school_name=school.name,
                role_group=role,
            )
        families.append((school.urn, [f"{school.urn}/{role}" for role in ROLE_GROUPS]))
        children[school.urn] = [f"{school.urn}/{role}" for role in ROLE_GROUPS]
    groups[CENTRAL] = Group("central", "Central staff", (9,), exported=False)
    families.insert(0, ("trust", [s.urn for s in ordered] + [CENTRAL]))

    urn_of = {school_id: school.urn for school_id, school in schools.items()}
    departments: dict[str, list[str]] = defaultdict(list)
    for atom, cell in sorted(atoms.items(), key=lambda i: str(i[0])):
        school_id, role, department = atom
        keys = ["trust"]
        if school_id is None:
            keys.append(CENTRAL)
        else:
            urn = urn_of[school_id]
            key = f"{urn}/department/{department}"
            if key not in groups:
                school = schools[school_id]
                groups[key] = Group(
                    "department",
                    f"{school.name}: {department or 'no department given'}",
                    (4, urn, department == "", department),
                    school_urn=urn,
                    school_name=school.name,
                    department=department,
                    exported=False,
                )
                departments[urn].append(key)
            keys += [urn, f"{urn}/{role}", key]
        for key in keys:
            groups[key].cell.add(cell)
            members[key].add(atom)

    clustered: set[str] = set()
    cluster_keys = []
    for name, school_ids in clusters:
        in_cluster = [urn_of[i] for i in school_ids if i in urn_of]
        if not in_cluster:
            continue
        key = f"cluster:{name}"
        cluster_keys.append(key)
        groups[key] = Group("cluster", name, (3, name), cluster=name, exported=False)
        for urn in in_cluster:
            groups[key].cell.add(groups[urn].cell)
            members[key] |= members[urn]
            clustered.add(urn)
        families.append((key, in_cluster))
    if cluster_keys:
        unclustered = [s.urn for s in ordered if s.urn not in clustered]
        families.append(("trust", cluster_keys + unclustered + [CENTRAL]))

    layout = anonymity.Layout(
        atoms={key: frozenset(members[key]) for key in groups},
        order={key: group.order for key, group in groups.items()},
        families=families,
        partitions=[(urn, keys) for urn, keys in departments.items()],
        children=children,
        together=list(departments.items()),
        unshown={CENTRAL},
    )
    plan = anonymity.plan_release(
        layout,
        _atom_counts(atoms, question_rows, scores),
        [shown_counts(data) for data in earlier],
        k,
    )
    previous = {g["key"]: g for g in earlier[-1]["groups"]} if earlier else {}
    previous_number = earlier[-1]["release"]["number"] if earlier else None

    shown = [(key, g) for key, g in groups.items() if key != CENTRAL]
    shown.sort(key=lambda item: item[1].order)
    out_groups = []
    for key, group in shown:
        decisions = {figure: by_group[key] for figure, by_group in plan.items()}
        out_groups.append(
            _release_group(
                key, group, question_rows, scores, decisions, previous.get(key), previous_number
            )
        )
    trust = out_groups[0]
    return {
        "round": round.slug,
        "title": round.title,
        "closed": round.closed_on.isoformat(),
        "min_group_size": k,
        "invited": None if invited is None else invited.get("trust", 0),
        "responded": trust["respondents"]
        if not trust["suppressed"]
        else anonymity.stepped_count(groups["trust"].respondents, k),
        "invited_by_school": invited,
        "questions": question_rows,
        "scores": [
            {
                key: score.get(key)
                for key in ("instrument", "instrument_name", "key", "label", "higher_is_better")
            }
            | {
                "bands": [b["label"] for b in score.get("bands") or []],
                "benchmark": score.get("benchmark"),
            }
            for score in scores
        ],
        "groups": out_groups,
        "statement": _statement(groups, plan, question_rows, scores, layout, atoms),
    }


def _as_at(figure: dict, previous_number) -> int:
    return figure.get("as_at", previous_number)


def _release_group(key, group, questions, scores, decisions, before, before_number) -> dict:
    """One group of a release: today's figures, held ones as at an earlier release, or hidden."""
    state = decisions[anonymity.RESPONDENTS].state
    if state == anonymity.HOLD:
        return {**before, "as_at": _as_at(before, before_number)}
    if before is not None:
        before_number = before.get("as_at", before_number)
    hidden_questions = {
        q["key"] for q in questions if decisions[f"q:{q['key']}"].state == anonymity.HIDE
    }
    hidden_scores = {
        (s["instrument"], s["key"])
        for s in scores
        if decisions[f"s:{s['instrument']}:{s['key']}"].state == anonymity.HIDE
    }
    group.suppressed = state == anonymity.HIDE
    out = {
        "key": key,
        **group_figures(group, questions, scores, 0, hidden_questions, hidden_scores),
    }
    if group.suppressed or before is None or before["suppressed"]:
        return out
    before_questions = figures_by_key(before, "questions")
    before_scores = figures_by_key(before, "scores")
    for i, q in enumerate(questions):
        if decisions[f"q:{q['key']}"].state == anonymity.HOLD:
            held = before_questions[q["key"]]
            out["questions"][i] = {**held, "as_at": _as_at(held, before_number)}
    for i, s in enumerate(scores):
        if decisions[f"s:{s['instrument']}:{s['key']}"].state == anonymity.HOLD:
            held = before_scores[(s["instrument"], s["key"])]
            out["scores"][i] = {**held, "as_at": _as_at(held, before_number)}
    return out


def _statement(groups, plan, questions, scores, layout, atoms) -> dict:
    """What this release hides or holds, and why; and how many respondents that protects.

    Rows never carry a hidden cell's size. People protected: respondents whose answers are
    hidden or held in at least one group they belong to (at group level).
    """
    labels = {anonymity.RESPONDENTS: "All figures (the whole group)"}
    labels |= {f"q:{q['key']}": f"Question: {q['text']}" for q in questions}
    labels |= {f"s:{s['instrument']}:{s['key']}": f"Score: {s['label']}" for s in scores}
    rows = []
    protected_atoms = set()
    for figure, by_group in plan.items():
        for key, decision in by_group.items():
            if decision.state == anonymity.SHOW or key == CENTRAL:
                continue
            if groups[key].respondents == 0:
                continue
            if figure != anonymity.RESPONDENTS and decision.rule in ("group-hidden", "group-held"):
                continue
            if figure == anonymity.RESPONDENTS:
                protected_atoms |= layout.atoms[key]
            rows.append(
                {
                    "group": groups[key].label,
                    "figure": labels[figure],
                    "shown": "as at an earlier release"
                    if decision.state == anonymity.HOLD
                    else "hidden",
                    "rule": decision.rule,
                    "why": anonymity.RULES[decision.rule]
                    + (f" ({groups[decision.other].label})" if decision.other else ""),
                }
            )
    rows.sort(key=lambda r: (r["group"], r["figure"]))
    return {
        "rows": rows,
        "protected": sum(atoms[a].respondents for a in protected_atoms),
    }
