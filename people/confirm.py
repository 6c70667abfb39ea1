"""Confirmation pages for actions that cannot be taken back, or only with effort.

The button on a page links (GET) to the action's URL, which shows what will happen and to whom;
only the confirmation page's own form POSTs to it. Views call `confirm_page` on GET.
"""

from django.shortcuts import render


def confirm_page(
    request,
    *,
    title: str,
    what: str,
    button: str,
    cancel_url: str,
    consequences=(),
    undo: str = "",
    danger: bool = True,
):
    return render(
        request,
        "confirm.html",
        {
            "confirm": {
                "title": title,
                "what": what,
                "consequences": list(consequences),
                "undo": undo,
                "button": button,
                "cancel_url": cancel_url,
                "danger": danger,
            }
        },
    )
