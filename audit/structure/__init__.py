"""Page structure: which canonical sections a product page has, and the site's own dominant structure."""

from audit.structure.resources import StructureResources, StructureSettings, load_structure_resources
from audit.structure.sections import FoundSection, SectionsResult
from audit.structure.site import PageDeviation, SiteStructureReport, dominant_structure
from audit.structure.vocabulary import SECTION_IDS, normalise

__all__ = [
    "SECTION_IDS", "FoundSection", "PageDeviation", "SectionsResult", "SiteStructureReport",
    "StructureResources", "StructureSettings", "dominant_structure", "load_structure_resources", "normalise",
]
