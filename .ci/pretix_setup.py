# Run by .ci/pretix.sh in `python -m pretix shell`: the organizer and the API token the live
# import tests (tests/api/pretix_live.rs) work with; each test creates its own event through
# the REST API.
from django.db import transaction
from django_scopes import scopes_disabled
from pretix.base.models import Organizer, Team

with scopes_disabled(), transaction.atomic():
    organizer = Organizer.objects.create(name="tablemates test", slug="tmtest")
    team = Team.objects.create(
        organizer=organizer, name="tablemates", all_events=True,
        all_event_permissions=True, all_organizer_permissions=True,
    )
    print(team.tokens.create(name="tablemates").token)
