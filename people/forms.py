from django import forms

from common.csvfiles import MAX_COLUMNS, import_max_bytes, import_max_size_text


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file or XLSX workbook",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,text/csv,.xlsx,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(
        label="Check only (change nothing)",
        required=False,
        initial=True,
        help_text="Validate every row and list what would change; you can then apply the "
        "checked file without choosing it again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "CSV with a header row, comma-separated, in UTF-8 or Windows-1252 (Excel's "
            "“CSV UTF-8” and “CSV (Comma delimited)” both work), or the first sheet of an .xlsx "
            f"workbook. Up to {import_max_size_text()} and {MAX_COLUMNS} columns."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > import_max_bytes():
            raise forms.ValidationError(
                f"The file is larger than {import_max_size_text()}, the limit for imports. "
                "Split it into smaller files."
            )
        return upload
