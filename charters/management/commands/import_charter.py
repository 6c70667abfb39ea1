from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from charters.documents import DocumentError, document_read
from charters.models import Charter
from charters.services import charter_import
from people.models import School


class Command(BaseCommand):
    help = (
        "Import a charter document (Markdown .md or Word .docx) into a new draft, never "
        "published; prints the draft's id and its section and pledge counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the charter document: .md or .docx")
        parser.add_argument("--title", default="", help="the charter's title (wins over the H1)")
        parser.add_argument("--school", default="", help="six-digit URN; empty for the trust")
        parser.add_argument("--kind", default=Charter.Kind.WELLBEING, choices=Charter.Kind.values)

    def handle(self, *args, **options):
        path = Path(options["file"])
        school = None
        if options["school"]:
            school = School.objects.filter(urn=options["school"].strip()).first()
            if school is None:
                raise CommandError(f"No school has the URN {options['school']}.")
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            document = document_read(name=path.name, content=content, title=options["title"])
        except DocumentError as error:
            raise CommandError(str(error)) from None
        for note in document.notes:
            self.stderr.write(f"Note: {note}")
        if document.problems:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"- {p}" for p in document.problems)
            )
        draft = charter_import(document=document, kind=options["kind"], school=school)
        self.stdout.write(
            f"Draft {draft.pk} of charter {draft.charter_id} “{draft.title}”: "
            f"{len(document.sections)} sections, {document.pledge_count} pledges."
        )
