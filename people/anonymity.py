"""The anonymity engine: which figures about people may be shown, now and from release to release.

Every survey result (pages, charts, exports, dashboards) is read from a stored *release*, and
every release is planned here. Other counts about people (exit questionnaires, absence and people
indicators, comments, watched response counts) use the small helpers at the end of this module.

Words. k is the round's minimum group size (locked once the round opens). A *group* is the trust,
a school, a reporting cluster, a role group of a school or a department of a school; every group
is a set of *atoms* (one school, role group and department). A *figure* is the group's number of
respondents, a question or a score; a *cell* is one figure of one group and its n is the number of
respondents behind it. A release shows each cell as it is now, as it was at an earlier release
("as at release N", held), or not at all (hidden).

The rules, applied until nothing more changes:

1. A cell with fewer than k respondents is hidden; a group that is hidden or held hides or holds
   all its figures; central staff are never shown on their own.
2. Families (the schools under the trust, the clusters under the trust, the schools of a cluster,
   the role groups of a school): when exactly one member has answers the release does not show
   (hidden, or held while it has new answers) and the parent is shown, the smallest other member
   that would change is hidden or held too. A hidden school hides its role groups; the departments
   of a school are shown all together or not at all.
3. Between releases: a cell shown before changes by 0 or at least k respondents, or it keeps its
   last shown values. The same family rules apply to the changes, since a member whose change is
   held counts as one the release does not show.
4. The auditor, always the last step: for every pair of shown groups of a figure where one holds
   the other (a department in a role group, a school in a cluster, any group in the trust), the
   difference between them, and between their changes since every earlier release, is 0 or at
   least k; for every pair that only partly overlaps, each one-sided difference is 0 or at least
   k; and every parent minus the union of its shown members (now and in changes since every
   earlier release) is 0 or at least k. When a check fails, the smaller group that would change is
   held or hidden and the checks run again. A new breakdown only has to be described as groups of
   atoms to be checked the same way.

Because responses only accumulate and every shown change is 0 or at least k, any two releases a
viewer kept differ by 0 or at least k in every cell, so comparing the first and the fifth is as
safe as comparing neighbours.
"""

from dataclasses import dataclass, field
from functools import cached_property

RESPONDENTS = "respondents"
SHOW, HOLD, HIDE = "show", "hold", "hide"

RULES = {
    "below-k": "fewer respondents than the minimum group size",
    "change-below-k": "changed by fewer respondents than the minimum group size since it was "
    "last shown",
    "family": "another member of its family is not shown, so it could be worked out by subtraction",
    "parent-hidden": "the school it belongs to is hidden",
    "departments-together": "departments of a school are shown all together or not at all",
    "overlap": "it differs from an overlapping group by fewer respondents than the minimum",
    "union": "its parent minus its shown members would single out fewer respondents than the "
    "minimum",
    "group-hidden": "the whole group is hidden",
    "group-held": "the whole group is shown as at an earlier release",
    "never-alone": "central staff are only counted in the whole trust",
}


@dataclass
class Layout:
    """The groups of a round as sets of atoms, and how they are related.

    families: (parent, disjoint members) for the family rule and the union check;
    partitions: further (parent, disjoint members) checked only by the union check;
    children: a hidden parent hides these; together: (school, departments) shown all or none;
    unshown: groups counted in their parents but never shown on their own.
    """

    atoms: dict[str, frozenset]
    order: dict[str, tuple]
    families: list[tuple[str, list[str]]] = field(default_factory=list)
    partitions: list[tuple[str, list[str]]] = field(default_factory=list)
    children: dict[str, list[str]] = field(default_factory=dict)
    together: list[tuple[str, list[str]]] = field(default_factory=list)
    unshown: set[str] = field(default_factory=set)

    @cached_property
    def nested_pairs(self) -> list[tuple[str, str]]:
        """(outer, inner): every pair of showable groups where inner's atoms are in outer's."""
        keys = [g for g, atoms in self.atoms.items() if atoms and g not in self.unshown]
        pairs = []
        for a in keys:
            for b in keys:
                if a != b and self.atoms[b] <= self.atoms[a]:
                    if self.atoms[a] == self.atoms[b] and self.order[a] > self.order[b]:
                        continue
                    pairs.append((a, b))
        return pairs

    @cached_property
    def partial_pairs(self) -> list[tuple[str, str, frozenset, frozenset]]:
        """(a, b, a's atoms outside b, b's atoms outside a) for groups that only partly overlap."""
        keys = sorted(
            (g for g, atoms in self.atoms.items() if atoms and g not in self.unshown),
            key=lambda g: self.order[g],
        )
        pairs = []
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                sa, sb = self.atoms[a], self.atoms[b]
                if sa & sb and not sa <= sb and not sb <= sa:
                    pairs.append((a, b, sa - sb, sb - sa))
        return pairs


@dataclass
class Decision:
    state: str  # SHOW, HOLD or HIDE
    rule: str | None = None
    other: str | None = None  # the group a pairwise check compared it with


def plan_release(
    layout: Layout,
    counts: dict[str, dict],
    history: list[dict[str, dict[str, int]]],
    k: int,
) -> dict[str, dict[str, Decision]]:
    """{figure: {group: Decision}} for a new release.

    counts: {figure: {atom: respondents behind that figure now}}, with RESPONDENTS among them;
    history: the earlier releases, oldest first, each {figure: {group: n shown}} (held cells
    carry the n they show). Figures are planned one at a time; the group level (RESPONDENTS)
    first, since a hidden or held group hides or holds all its figures.
    """
    plan: dict[str, dict[str, Decision]] = {}
    base = _plan_figure(
        layout, counts.get(RESPONDENTS, {}), [h.get(RESPONDENTS, {}) for h in history], k, None
    )
    plan[RESPONDENTS] = base
    for figure, by_atom in counts.items():
        if figure == RESPONDENTS:
            continue
        plan[figure] = _plan_figure(layout, by_atom, [h.get(figure, {}) for h in history], k, base)
    return plan


def _plan_figure(layout, by_atom, snapshots, k, base) -> dict[str, Decision]:
    n = {g: sum(by_atom.get(a, 0) for a in atoms) for g, atoms in layout.atoms.items()}
    last = snapshots[-1] if snapshots else {}
    out: dict[str, Decision] = {}
    for g in layout.atoms:
        group_state = base[g].state if base is not None else SHOW
        if g in layout.unshown:
            out[g] = Decision(HIDE, "never-alone")
        elif group_state == HIDE:
            out[g] = Decision(HIDE, "group-hidden")
        elif group_state == HOLD:
            out[g] = Decision(HOLD if g in last else HIDE, "group-held")
        elif g in last:
            change = n[g] - last[g]
            out[g] = (
                Decision(SHOW) if change == 0 or change >= k else Decision(HOLD, "change-below-k")
            )
        else:
            out[g] = Decision(SHOW) if n[g] >= k else Decision(HIDE, "below-k")

    def moving(g) -> bool:
        return out[g].state == SHOW and (g not in last or n[g] != last[g])

    def value(g) -> int:
        return n[g] if out[g].state == SHOW else last[g]

    def lagging(g) -> bool:
        decision = out[g]
        if n[g] == 0:
            return False
        if g in layout.unshown:
            # Central staff: a hidden member of the family only while they are too few.
            return n[g] < k
        return decision.state == HIDE or (decision.state == HOLD and n[g] != last[g])

    def demote(g, rule, other=None) -> bool:
        if not moving(g):
            return False
        out[g] = Decision(HOLD if g in last else HIDE, rule, other)
        return True

    def smallest(keys):
        return sorted(keys, key=lambda g: (n[g], layout.order[g]))

    # None stands for "before anything was shown": changes since then are the totals themselves.
    snaps = [None, *snapshots]
    changed = True
    while changed:
        changed = False
        for parent, members in layout.families:
            if out[parent].state != SHOW:
                continue
            if sum(lagging(m) for m in members) == 1:
                for m in smallest(m for m in members if moving(m)):
                    changed |= demote(m, "family", parent)
                    break
        for parent, kids in layout.children.items():
            if out[parent].state == HIDE:
                for kid in kids:
                    changed |= demote(kid, "parent-hidden", parent)
        for school, departments in layout.together:
            if out[school].state == HIDE or any(
                out[d].state == HIDE and n[d] > 0 for d in departments
            ):
                for d in departments:
                    changed |= demote(d, "departments-together", school)
        if changed:
            continue
        changed = _audit(layout, out, n, by_atom, snaps, k, moving, value, demote, smallest)
    return out


def _audit(layout, out, n, by_atom, snaps, k, moving, value, demote, smallest) -> bool:
    """The last step: pairwise and parent-minus-union differences of 1..k-1 hide more."""

    def small(x) -> bool:
        return x != 0 and abs(x) < k

    for outer, inner in layout.nested_pairs:
        if out[outer].state == HIDE or out[inner].state == HIDE:
            continue
        for snap in snaps:
            if snap is None:
                before_outer = before_inner = 0
            elif outer in snap and inner in snap:
                before_outer, before_inner = snap[outer], snap[inner]
            else:
                continue
            if small((value(outer) - before_outer) - (value(inner) - before_inner)):
                if demote(inner, "overlap", outer) or demote(outer, "overlap", inner):
                    return True
    for a, b, only_a, only_b in layout.partial_pairs:
        if out[a].state != SHOW or out[b].state != SHOW:
            continue
        # Both show today's values, so today's atoms say what each one-sided difference holds.
        if small(sum(by_atom.get(x, 0) for x in only_a)) or small(
            sum(by_atom.get(x, 0) for x in only_b)
        ):
            first, second = smallest([a, b])
            if demote(first, "overlap", second) or demote(second, "overlap", first):
                return True
    for parent, members in [*layout.families, *layout.partitions]:
        if out[parent].state == HIDE:
            continue
        for snap in snaps:
            if snap is not None and parent not in snap:
                continue
            shown = [
                m
                for m in members
                if out[m].state != HIDE and m not in layout.unshown and (snap is None or m in snap)
            ]
            before = (lambda g: 0) if snap is None else snap.__getitem__
            rest = (value(parent) - before(parent)) - sum(value(m) - before(m) for m in shown)
            if small(rest):
                for m in smallest(m for m in shown if moving(m)):
                    if demote(m, "union", parent):
                        return True
                if demote(parent, "union"):
                    return True
    return False


# --- other counts about people --------------------------------------------------------------


def small_groups_hidden(sizes: dict, k: int, *, order: dict | None = None, unshown=()) -> set:
    """Keys of one family of disjoint groups under a shown parent to hide, by the same rules:
    those under k, then (rule 2) the smallest other when exactly one member with people in it
    is hidden, then more until the hidden members together hold 0 or at least k people (the
    union check). order: tie-break (default: key order); unshown: members never shown alone
    (they are hidden here only while they are too few)."""
    parent = object()
    order = order or {key: i for i, key in enumerate(sizes)}
    layout = Layout(
        atoms={parent: frozenset(sizes), **{key: frozenset([key]) for key in sizes}},
        order={parent: (-1,), **{key: (order[key],) for key in sizes}},
        families=[(parent, list(sizes))],
        unshown=set(unshown),
    )
    plan = _plan_figure(layout, dict(sizes), [], k, None)
    return {
        key
        for key in sizes
        if plan[key].state == HIDE and (key not in layout.unshown or sizes[key] < k)
    }


def stepped_count(n: int, k: int) -> int:
    """A count people can watch, moved only in steps of k (rounded down): "at least N"."""
    return (n // k) * k if k > 0 else n


def at_least(count: int, k: int) -> int | None:
    """A watched count as it may be shown: None below k (nothing), else stepped_count ("at least
    N"). Used where even "fewer than k" must stay blank, such as "did it make a difference?"."""
    if k < 1:
        raise ValueError("The minimum group size must be at least 1.")
    return None if count < k else stepped_count(count, k)


def stepped_share(part: int, whole: int, k: int) -> int | None:
    """A watched percentage from a stepped count, in whole tens ("at least 40%")."""
    if not whole:
        return None
    return int(100 * stepped_count(part, k) / whole) // 10 * 10
