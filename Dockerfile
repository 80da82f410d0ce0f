# newsfold: the same install steps as CI (torch pinned, then the project, into a venv),
# built in one stage and copied into a slim, non-root runtime image.
FROM python:3.11-slim AS build
# torch first and pinned, as the Makefile does; pass e.g. a CPU-only wheel's spec to keep the
# image small.
ARG TORCH=torch==2.13.0
WORKDIR /src
RUN python -m venv /opt/newsfold && /opt/newsfold/bin/pip install --quiet --upgrade pip \
    && /opt/newsfold/bin/pip install --quiet --no-cache-dir "$TORCH"
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY services ./services
COPY workers ./workers
RUN /opt/newsfold/bin/pip install --quiet --no-cache-dir '.[semantic]'
# The embedding model's one-time ONNX export (workers/text/onnx_cache.py), done here so that
# workers never start torch; copied into the runtime user's cache below.
RUN /opt/newsfold/bin/newsfold models prepare

FROM python:3.11-slim
RUN useradd --system --create-home --uid 10001 newsfold \
    && mkdir -p /var/lib/newsfold && chown newsfold /var/lib/newsfold
COPY --from=build /opt/newsfold /opt/newsfold
COPY --from=build --chown=newsfold /root/.cache/newsfold /home/newsfold/.cache/newsfold
ENV PATH=/opt/newsfold/bin:$PATH \
    NEWSFOLD_DATA_DIR=/var/lib/newsfold \
    PYTHONUNBUFFERED=1
USER newsfold
WORKDIR /var/lib/newsfold
# The default command runs the scheduler and workers together: all of them are checked.
# Compose services override it per component (deploy/compose.yaml).
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["newsfold", "health", "--component", "all"]
ENTRYPOINT ["newsfold"]
CMD ["run"]
