# The balancer of compose.yaml: Debian's nginx (as deploy/replicas.py runs it in the tests), with deploy/nginx.conf made
# for compose (deploy/nginx.compose.conf: the upstream is the app service, logs to stdout and stderr).
#   docker compose up --build   (see compose.yaml)
FROM debian:bookworm-slim

# curl for the health check only
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx curl \
    && rm -rf /var/lib/apt/lists/*

COPY deploy/nginx.compose.conf /etc/nginx/explainer.conf

EXPOSE 8080
CMD ["nginx", "-c", "/etc/nginx/explainer.conf", "-g", "daemon off;"]
