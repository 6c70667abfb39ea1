from django import forms


class CsvUploadForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8, comma-separated, with a header row.")
    dry_run = forms.BooleanField(
        label="Check only (change nothing)",
        required=False,
        help_text="Validate every row and report what would change.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 200 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 200 MB.")
        return upload
