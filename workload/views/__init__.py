"""The workload pages, one module per area: quiet hours, meetings (and the calendar feed),
directed time, the rules, data drops and impact assessments."""
