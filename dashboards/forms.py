"""HR's status thresholds for the board tiles: an amber and a red point per indicator."""

from decimal import Decimal

from django import forms

from dashboards import indicators


class ThresholdsForm(forms.Form):
    """Two numbers per indicator; red must lie beyond amber in the indicator's bad direction."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in indicators.INDICATORS:
            amber, red = current[indicator.key]
            for part, value in (("amber", amber), ("red", red)):
                self.fields[f"{indicator.key}-{part}"] = forms.DecimalField(
                    label=f"{indicator.label}: {part}",
                    initial=value,
                    max_digits=7,
                    decimal_places=2,
                    min_value=Decimal("0"),
                )

    def clean(self):
        cleaned = super().clean()
        for indicator in indicators.INDICATORS:
            amber = cleaned.get(f"{indicator.key}-amber")
            red = cleaned.get(f"{indicator.key}-red")
            if amber is None or red is None:
                continue
            if indicator.better == indicators.LOWER and red < amber:
                self.add_error(
                    f"{indicator.key}-red",
                    "Lower is better here, so red must be at or above amber.",
                )
            if indicator.better == indicators.HIGHER and red > amber:
                self.add_error(
                    f"{indicator.key}-red",
                    "Higher is better here, so red must be at or below amber.",
                )
        return cleaned

    def chosen(self) -> dict:
        return {
            i.key: (self.cleaned_data[f"{i.key}-amber"], self.cleaned_data[f"{i.key}-red"])
            for i in indicators.INDICATORS
        }

    def rows(self) -> list[dict]:
        return [
            {
                "indicator": i,
                "amber": self[f"{i.key}-amber"],
                "red": self[f"{i.key}-red"],
                "default": indicators.threshold_text(i, i.amber, i.red),
                "unit": {
                    "%": "%",
                    " days": "days",
                    " out of 10": "out of 10",
                    " out of 5": "out of 5",
                }.get(i.unit, ""),
                "direction": "Lower is better"
                if i.better == indicators.LOWER
                else "Higher is better",
            }
            for i in indicators.INDICATORS
        ]
