from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "papers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from papers.cache import people_changed
        from papers.merging import coauthors_refused
        from people.merging import merge_check_add
        from people.services import people_listener_add

        # Merging people is people's; that two authors of one paper are two people is papers' rule.
        merge_check_add(coauthors_refused)
        # A paper's cached rows show its authors' slugs and link to them.
        people_listener_add(people_changed)
