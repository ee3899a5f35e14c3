"""`scormgen preview`: the course served in a page that plays the LMS."""
