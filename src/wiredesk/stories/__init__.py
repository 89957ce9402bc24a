"""Story grouping: articles about the same event, by shared words and shared names."""

from wiredesk.stories.build import build_stories
from wiredesk.stories.stage import StoriesOptions, StoriesStage

__all__ = ["StoriesOptions", "StoriesStage", "build_stories"]
