from django import forms

from common.csvfiles import import_max_size_text


class TraceUploadForm(forms.Form):
    file = forms.FileField(
        label="Message trace (CSV or XLSX)",
        help_text=f"An Exchange Online message trace export, or a CSV of sent_at,sender. "
        f"At most {import_max_size_text()}.",
    )
