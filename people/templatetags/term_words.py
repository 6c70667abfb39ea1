"""The |term_words filter, a built-in of every template (settings.TEMPLATES)."""

from django import template

from people.term_words import term_in_words, terms_in_words

register = template.Library()
register.filter("term_words", term_in_words)
register.filter("terms_words", terms_in_words)
