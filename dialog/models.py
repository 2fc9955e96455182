"""Import every domain's models so SQLAlchemy metadata (and Alembic) sees them all."""

from .accounts.models import User, UserRole  # noqa: F401
from .accounts.two_factor import RecoveryCode, UserTotp  # noqa: F401
from .areas.models import Area, Topic  # noqa: F401
from .cafe.models import (  # noqa: F401,E402
    CafeDialogue,
    CafeExitAnswer,
    CafeNote,
    CafeProposal,
    CafeRegistration,
    CafeRound,
    CafeTable,
)
from .contributions import search as _contribution_search  # noqa: F401,E402  (DDL hooks)
from .contributions.models import (  # noqa: F401
    Contribution,
    ContributionAnswer,
    ContributionEvent,
    ContributionReport,
    ContributionRoute,
    ContributionSupport,
)
from .core.cache import ContentVersion  # noqa: F401,E402
from .matchmaking.models import (  # noqa: F401,E402
    MatchAttendance,
    MatchCollaboration,
    MatchConversation,
    MatchFollowUp,
    MatchItem,
    MatchJob,
    MatchMailLog,
    MatchMeeting,
    MatchParticipant,
    MatchRound,
    MatchSuggestion,
    MatchTag,
)
from .notifications.models import EmailOptOut  # noqa: F401
from .organisations.models import Organisation  # noqa: F401
from .retention.models import AnonymisationRequest, RetentionRecord  # noqa: F401,E402
from .summaries.models import (  # noqa: F401,E402
    DetectedLanguage,
    EngagementPromise,
    GroupPromise,
    Summary,
    SummaryCitation,
    SummaryDelivery,
    SummaryEvent,
    SummarySentence,
    Theme,
    ThemeTag,
)
from .surveys.models import (  # noqa: F401
    Survey,
    SurveyAnswer,
    SurveyCode,
    SurveyOption,
    SurveyQuestion,
    SurveyReceipt,
    SurveyResponse,
    SurveySection,
)
from .themegroups.models import ThemeGroup, ThemeGroupMember  # noqa: F401
from .translation import events as _translation_events  # noqa: F401,E402  (queue translations)
from .translation import search as _translation_search  # noqa: F401,E402  (DDL hooks)
from .translation.models import AnswerTranslation, ContributionTranslation, StaffLanguage  # noqa: F401
from .trust.models import TrustDialogue, TrustPrompt, TrustStory, TrustTheme  # noqa: F401
