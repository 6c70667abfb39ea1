"""Staff CSV text for the import tests."""

HEADER = (
    "staff_id,email,first_name,last_name,school_urn,role_group,department,fte,working_days,"
    "start_date,end_date"
)


def staff_csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


GOOD = staff_csv(
    "T001,ann.teacher@example.org,Ann,Teacher,100001,teaching,Maths,1,,2019-09-01,",
    "T002,bob.support@example.org,Bob,Support,100001,support,Office,0.6,Mon Tue Wed,01/09/2021,",
    "T003,cat.central@example.org,Cat,Central,,support,HR,0.8,,2020-01-06,",
)
