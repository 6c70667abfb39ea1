"""Counts about people that others can watch move, shown only in steps of the minimum group size.

A count that people can read again and again (how many answered "did it make a difference?",
for example) is a release like any other: if it moved by one when one person acted, watching it
would tell what that person said. Shown counts are therefore hidden below k and otherwise
rounded down to a multiple of k, read as "at least N". The stored counts they come from also
move only in batches of at least k (see actions.services.difference_votes_tally), so the shown
figure changes only after at least k more people have answered.

Kept as one small function so that the release engine can take it over.
"""


def at_least(count: int, k: int) -> int | None:
    """None when fewer than k (nothing may be shown), else count rounded down to a multiple of k."""
    if k < 1:
        raise ValueError("The minimum group size must be at least 1.")
    if count < k:
        return None
    return count - count % k
