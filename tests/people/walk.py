"""Objects for the URL walk: a finished background staff import."""

from people.models import AbsenceImport


def staff_import_job(cast) -> AbsenceImport:
    return AbsenceImport.objects.create(
        kind=AbsenceImport.Kind.STAFF,
        uploaded_by=cast.hr,
        file_name="staff.csv",
        data=b"",
        status=AbsenceImport.Status.DONE,
        summary="3 staff were added, 0 updated, 0 unchanged; 0 leaver account(s) were deactivated.",
    )
