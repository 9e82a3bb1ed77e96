"""Background tasks of the reports app (run by `blaupause worker`)."""

from django_tasks import task


@task()
def build_report(build_uuid: str) -> None:
    """Build and store the file of one `ReportBuild`."""
    from .services import report_build_run

    report_build_run(build_uuid=build_uuid)
