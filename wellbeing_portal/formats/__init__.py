"""Input formats for the portal's locale (FORMAT_MODULE_PATH).

Browsers' date, time and date-time inputs only accept ISO values (`2027-07-15`,
`2027-07-15T16:30`). Django renders a field's current value with the first input format of the
locale, which for en-GB is `15/07/2027`: the browser discards it and saving the form silently
clears the date. Putting the ISO formats first makes every such input round-trip; the British
forms still parse when typed into a plain text field.
"""
