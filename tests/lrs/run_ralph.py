"""Start Ralph's LRS (ralph-malph) on 127.0.0.1 for the tests, with two fixes.

Run with the Python of the LRS's own virtual environment (.venv-lrs), since Ralph pins
exact versions of its dependencies:  python run_ralph.py PORT

Ralph 5.1.0's filesystem backend, as shipped, fails every write after the first one
(HTTP 500): it opens its data file in "create" mode, which refuses an existing file.
This launcher makes its default write mode "append" before starting Ralph's own
FastAPI application. (Its verb= and activity= statement filters also return nothing
with this backend; the tests query by agent and registration only.) Settings come from
the environment as for `ralph runserver`: RALPH_RUNSERVER_BACKEND=fs, RALPH_AUTH_FILE,
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH, RALPH_RUNSERVER_CORS_ALLOW_ORIGINS.
"""
import sys

from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402  (after the fix above)

from ralph.api import app  # noqa: E402

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
