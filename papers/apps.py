from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "papers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from papers.merging import coauthors_refused
        from people.merging import merge_check_add

        # Merging people is people's; that two authors of one paper are two people is papers' rule.
        merge_check_add(coauthors_refused)
