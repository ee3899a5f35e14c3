"""What the e-learning standards say, each in one place: the SCORM run-time data models
(``datamodel``), read by the build, the runtime's configuration and the preview."""
