"""What the e-learning standards say, each in one place, read by everything else:

- ``packaging``: each standard and edition (target name, title, manifest, namespaces,
  schema version, schema set);
- ``rte``, ``rte12``, ``rte2004``: the SCORM run-time data models (the API, elements,
  data types, limits, vocabularies, error codes), with the specification's sections;
- ``datamodel``: what the build, the runtime's configuration and the preview read of
  them, and the runtime's own choices. A test fails if a limit is written anywhere else.
"""
