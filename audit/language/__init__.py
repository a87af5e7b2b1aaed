"""Language level (taal): main text, Dutch sentences, B1 measures, officialese and passive voice.

The engine calls :func:`load_language_resources` once per run, then
:meth:`LanguageResources.analyse` per page (or :meth:`LanguageResources.analyse_text` for drafts).
"""

from audit.language.analyser import LanguageResources, load_language_resources
from audit.language.result import LanguageResult, SentenceDetail

__all__ = ["LanguageResources", "LanguageResult", "SentenceDetail", "load_language_resources"]
