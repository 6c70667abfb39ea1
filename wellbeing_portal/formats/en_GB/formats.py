from django.conf.global_settings import TIME_INPUT_FORMATS as DEFAULT_TIME_INPUT_FORMATS
from django.conf.locale.en_GB import formats as british

DATE_INPUT_FORMATS = ["%Y-%m-%d", *[f for f in british.DATE_INPUT_FORMATS if f != "%Y-%m-%d"]]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    *british.DATETIME_INPUT_FORMATS,
]
TIME_INPUT_FORMATS = ["%H:%M", *[f for f in DEFAULT_TIME_INPUT_FORMATS if f != "%H:%M"]]
