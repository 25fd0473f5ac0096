"""Time: the story's days, what is visible when, the tour and the view state."""
