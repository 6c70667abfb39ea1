"""Model instances from a hand-written SELECT, for the few reads every request makes.

Building a query through the ORM (the query object, its compiler, its SQL) costs more processor
time than running it on a small table: for a row read on each request, `ModelColumns` gives the
SELECT list of a model's columns once, and turns a row of them back into an instance the way
the ORM would (the fields' database converters, then `Model.from_db`).
"""

from functools import cached_property

from django.db import connections


class ModelColumns:
    """Every concrete column of `model`, as read under the table alias `alias`."""

    def __init__(self, model, alias: str, using: str = "default"):
        self.model = model
        self.alias = alias
        self.using = using
        self.fields = model._meta.concrete_fields
        self.attnames = [field.attname for field in self.fields]

    def __len__(self) -> int:
        return len(self.fields)

    @cached_property
    def sql(self) -> str:
        """The SELECT list: `alias`.`column`, … in the model's field order."""
        quote = connections[self.using].ops.quote_name
        return ", ".join(f"{quote(self.alias)}.{quote(field.column)}" for field in self.fields)

    @cached_property
    def _converters(self) -> list[tuple[int, list, object]]:
        connection = connections[self.using]
        converters = []
        for position, field in enumerate(self.fields):
            column = field.get_col(self.alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((position, found, column))
        return converters

    def instance(self, values):
        """The model instance of these column values (in the order of `sql`)."""
        values = list(values)
        connection = connections[self.using]
        for position, converters, column in self._converters:
            value = values[position]
            for converter in converters:
                value = converter(value, column, connection)
            values[position] = value
        return self.model.from_db(self.using, self.attnames, values)
