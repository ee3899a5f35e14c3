"""The data-model tables the build writes into packages (scormgen/standards/datamodel.py),
by target, as JSON: what the runtime's Node tests read (data-model.mjs)."""
import json

from scormgen.standards import datamodel

TARGETS = [*datamodel.PROFILES, *datamodel.XAPI_TARGETS]

print(json.dumps({"runtime": {name: datamodel.runtime_table(name) for name in TARGETS},
                  "scored": {name: datamodel.runtime_table(name, scored=True) for name in TARGETS},
                  "local": datamodel.local_limits(),
                  "strict": {name: datamodel.strict_model(name) for name in TARGETS},
                  "suspend": {name: datamodel.suspend_limit(name) for name in TARGETS}}))
