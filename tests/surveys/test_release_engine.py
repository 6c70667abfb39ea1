"""The anonymity engine on its own (no database): releases of made-up trusts, checked from the
outside as a viewer who keeps every release would check them."""

from datetime import date
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from people.anonymity import small_groups_hidden, stepped_count
from surveys import results, stored_results

AGREE = [{"value": v, "label": str(v)} for v in range(1, 6)]
QUESTIONS = [
    SimpleNamespace(
        key=key,
        text=key,
        kind="agree5",
        section="s",
        instrument_key="",
        is_numeric=True,
        options=AGREE,
        values=[1, 2, 3, 4, 5],
        reverse=False,
    )
    for key in ("valued", "optional")
]


def _schools(count):
    return {i: SimpleNamespace(urn=f"10000{i}", name=f"School {i}") for i in range(1, count + 1)}


def _release(k, schools, people, earlier, clusters=()):
    """The next release of these answered people, or None when it would show nothing new."""
    data = results.round_results_compute(
        round=SimpleNamespace(
            slug="r", title="R", closed_on=date(2026, 12, 1), min_group_size=k, instruments={}
        ),
        questions=QUESTIONS,
        responses=[(s, role, dept, answers) for s, role, dept, answers in people],
        schools=schools,
        clusters=list(clusters),
        invited=None,
        earlier=earlier,
        number=len(earlier) + 1,
    )
    if earlier and results.shown_counts(data) == results.shown_counts(earlier[-1]):
        return None
    data["release"] = {"number": len(earlier) + 1}
    return data


def _answers(optional=True):
    return {"valued": 4, "optional": 2} if optional else {"valued": 3}


# --- a viewer's checks -----------------------------------------------------------------------


def _atoms_of(data, people, schools, clusters):
    """{group key: set of atoms} as they truly are, and {atom: respondents} for a figure."""
    urn_of = {i: s.urn for i, s in schools.items()}
    atoms: dict[str, set] = {}
    for school_id, role, dept, _answers in people:
        atom = (school_id, role, dept)
        keys = ["trust"]
        if school_id is not None:
            urn = urn_of[school_id]
            keys += [urn, f"{urn}/{role}", f"{urn}/department/{dept}"]
            keys += [f"cluster:{name}" for name, ids in clusters if school_id in ids]
        for key in keys:
            atoms.setdefault(key, set()).add(atom)
    return atoms


def _figure_n(people, figure):
    counts: dict = {}
    for school_id, role, dept, answers in people:
        if figure == "respondents" or figure[2:] in answers:
            atom = (school_id, role, dept)
            counts[atom] = counts.get(atom, 0) + 1
    return counts


def _isolates(x, k):
    return 0 < abs(x) < k


def _violations(releases, answered_at, schools, clusters, k):
    """Every cell difference, within a release or between two, of 1..k-1 respondents."""
    found = []
    families = [("trust", [s.urn for s in schools.values()])]
    for urn in [s.urn for s in schools.values()]:
        families.append((urn, [f"{urn}/teaching", f"{urn}/support"]))
    for name, ids in clusters:
        families.append((f"cluster:{name}", [schools[i].urn for i in ids]))
    for index, data in enumerate(releases):
        people = answered_at[index]
        atoms = _atoms_of(data, people, schools, clusters)
        shown = results.shown_counts(data)
        for figure, cells in shown.items():
            by_atom = _figure_n(people, figure)
            for key, n in cells.items():
                if n < k:
                    found.append(("small cell", index, figure, key, n))
            for a in cells:
                for b in cells:
                    if a == b or not atoms.get(a) or not atoms.get(b):
                        continue
                    if atoms[b] <= atoms[a] and _isolates(cells[a] - cells[b], k):
                        found.append(("nested", index, figure, a, b))
                    nested = atoms[b] <= atoms[a] or atoms[a] <= atoms[b]
                    current = all(_current(data, g, figure) for g in (a, b))
                    if current and not nested and atoms[a] & atoms[b]:
                        only_a = sum(by_atom.get(x, 0) for x in atoms[a] - atoms[b])
                        if _isolates(only_a, k):
                            found.append(("partial", index, figure, a, b, only_a))
            for parent, members in families:
                if parent in cells:
                    rest = cells[parent] - sum(cells[m] for m in members if m in cells)
                    if _isolates(rest, k):
                        found.append(("union", index, figure, parent))
        for before_index in range(index):
            before = results.shown_counts(releases[before_index])
            for figure, cells in shown.items():
                old = before.get(figure, {})
                both = [key for key in cells if key in old]
                for key in both:
                    if _isolates(cells[key] - old[key], k):
                        found.append(("change", before_index, index, figure, key))
                for a in both:
                    for b in both:
                        if a != b and atoms.get(b) and atoms[b] <= atoms.get(a, set()):
                            x = (cells[a] - old[a]) - (cells[b] - old[b])
                            if _isolates(x, k):
                                found.append(("nested change", before_index, index, figure, a, b))
                for parent, members in families:
                    if parent in both:
                        x = (cells[parent] - old[parent]) - sum(
                            cells[m] - old[m] for m in members if m in both
                        )
                        if _isolates(x, k):
                            found.append(("union change", before_index, index, figure, parent))
    return found


def _group(data, key):
    return next(g for g in data["groups"] if g["key"] == key)


def _current(data, key, figure):
    """Whether a shown cell has today's values (not held as at an earlier release)."""
    group = _group(data, key)
    if "as_at" in group:
        return False
    if figure == "respondents":
        return True
    return "as_at" not in stored_results.figures_by_key(group, "questions")[figure[2:]]


# --- the worked examples ---------------------------------------------------------------------


def test_one_new_teacher_is_never_shown_by_the_role_groups_of_the_next_release():
    schools = _schools(1)
    people = [(1, "teaching", "", _answers())] * 10 + [(1, "support", "", _answers())] * 10
    first = _release(5, schools, people, [])
    people += [(1, "teaching", "", _answers(False))] + [(1, "support", "", _answers())] * 4
    second = _release(5, schools, people, [first])
    assert _group(second, "100001")["respondents"] == 25
    for role in ("teaching", "support"):
        group = _group(second, f"100001/{role}")
        assert group["respondents"] == 10 and group["as_at"] == 1
    rows = second["statement"]["rows"]
    assert {"School 1: teaching", "School 1: support"} <= {r["group"] for r in rows}
    assert not _violations([first, second], [people[:20], people], schools, [], 5)


def test_a_release_that_would_show_nothing_new_is_not_made():
    schools = _schools(1)
    people = [(1, "teaching", "", _answers())] * 12
    first = _release(5, schools, people, [])
    people += [(1, "teaching", "", _answers())] * 2
    assert _release(5, schools, people, [first]) is None
    people += [(1, "teaching", "", _answers())] * 3
    third = _release(5, schools, people, [first])
    assert _group(third, "100001/teaching")["respondents"] == 17


def test_support_minus_office_cannot_single_out_the_one_science_support_person():
    # Issue 12, item 4: every group has at least 5, yet support (6) - Office (5) was one person.
    schools = _schools(1)
    people = (
        [(1, "teaching", "Maths", _answers())] * 10
        + [(1, "teaching", "Science", _answers())] * 5
        + [(1, "support", "Office", _answers())] * 5
        + [(1, "support", "Science", _answers())]
    )
    data = _release(5, schools, people, [])
    assert not _group(data, "100001/support")["suppressed"]
    assert _group(data, "100001/department/Office")["suppressed"]
    assert not _violations([data], [people], schools, [], 5)
    assert any(r["rule"] == "overlap" for r in data["statement"]["rows"])


def test_two_small_hidden_schools_together_are_not_left_as_the_trust_minus_the_rest():
    schools = _schools(3)
    people = (
        [(1, "teaching", "", _answers())] * 20
        + [(2, "teaching", "", _answers())] * 2
        + [(3, "teaching", "", _answers())] * 2
    )
    data = _release(5, schools, people, [])
    assert _group(data, "100001")["suppressed"]
    assert _group(data, "trust")["respondents"] == 24


def test_enough_central_staff_hide_no_school():
    schools = _schools(2)
    people = (
        [(1, "teaching", "", _answers())] * 10
        + [(2, "teaching", "", _answers())] * 10
        + [(None, "support", "Finance", _answers())] * 6
    )
    data = _release(5, schools, people, [])
    assert not _group(data, "100001")["suppressed"] and not _group(data, "100002")["suppressed"]
    people += [(None, "support", "Finance", _answers())] * 2
    assert _release(5, schools, people, [data]) is None


def test_small_groups_hidden_applies_the_family_rules_to_other_counts():
    assert small_groups_hidden({"a": 2, "b": 9, "c": 12}, 5) == {"a", "b"}
    assert small_groups_hidden({"a": 9, "b": 12}, 5) == set()
    assert small_groups_hidden({"a": 2, "b": 2, "c": 12}, 5) == {"a", "b", "c"}
    assert small_groups_hidden({1: 9, 2: 12, None: 6}, 5, unshown={None}) == set()
    assert small_groups_hidden({1: 9, 2: 12, None: 2}, 5, unshown={None}) == {None, 1}
    assert stepped_count(14, 5) == 10 and stepped_count(4, 5) == 0


# --- the property ----------------------------------------------------------------------------

ROLE = st.sampled_from(["teaching", "support"])
DEPT = st.sampled_from(["", "Maths", "Science", "Office"])


@st.composite
def trusts(draw):
    k = draw(st.sampled_from([3, 5]))
    school_count = draw(st.integers(1, 3))
    schools = _schools(school_count)
    clusters = []
    if school_count > 1 and draw(st.booleans()):
        clusters = [("North", draw(st.sets(st.sampled_from(list(schools)), min_size=1)))]
    people = []
    for school_id in [*schools, None]:
        for role in ("teaching", "support"):
            for _ in range(draw(st.integers(0, 12 if school_id else 3))):
                dept = draw(DEPT) if school_id else "Finance"
                people.append((school_id, role, dept, _answers(draw(st.booleans()))))
    order = draw(st.permutations(people))
    cuts = draw(st.lists(st.booleans(), min_size=len(order), max_size=len(order)))
    return k, schools, clusters, order, cuts


@settings(max_examples=60, deadline=None)
@given(trusts())
def test_no_release_or_pair_of_releases_isolates_fewer_than_k_responses(trust):
    k, schools, clusters, order, cuts = trust
    releases, answered_at, answered = [], [], []
    for person, cut in zip(order, cuts, strict=True):
        answered.append(person)
        if cut:
            data = _release(k, schools, answered, releases, clusters)
            if data is not None:
                releases.append(data)
                answered_at.append(list(answered))
    final = _release(k, schools, answered, releases, clusters)
    if final is not None:
        releases.append(final)
        answered_at.append(list(answered))
    assert _violations(releases, answered_at, schools, clusters, k) == []
