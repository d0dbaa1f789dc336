# One replica of the app. Several of them behind deploy/nginx.conf serve more readers (README, "Deploying"; compose.yaml).
#   docker build -t explainer . && docker run -p 8501:8501 explainer
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none \
    STREAMLIT_SERVER_MAX_MESSAGE_SIZE=16

RUN useradd --create-home --uid 10001 app
WORKDIR /app

# Dependencies first, so a code change does not reinstall them; requirements.txt pins every package.
COPY requirements.txt .
RUN pip install -r requirements.txt

# The code and the fact base stay owned by root: the app only reads them.
COPY . .
USER app

EXPOSE 8501
# The image has no curl; Python asks Streamlit's own health endpoint, which answers "ok" once the server is up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]

# The server settings (no file watcher, no collection after every run, ...) are .streamlit/config.toml's, copied in.
CMD ["streamlit", "run", "streamlit_app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
