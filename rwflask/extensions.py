"""Flask extensions, created unbound and attached to the app in `create_app`."""
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from rwflask.models.base import Base
from rwflask.web.smorest import make_api

# Objects stay loaded after commit: responses are rendered from them without a refresh query.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate(render_as_batch=True, compare_type=True)
api = make_api()
cors = CORS()
# Rate limits per client address; only the views `rwflask/web/throttle.py` decorates are limited.
limiter = Limiter(key_func=get_remote_address)
