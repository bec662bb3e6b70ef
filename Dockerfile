# One image for web, worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY requirements.txt .
RUN pip install --require-hashes -r requirements.txt

COPY . .
# collectstatic needs settings to import; this key exists only inside this build step.
RUN SECRET_KEY=collectstatic-only DEBUG=0 python manage.py collectstatic --noinput -v 0

RUN useradd --create-home pubtracker && mkdir -p /app/var && chown pubtracker /app/var
USER pubtracker
EXPOSE 8000
CMD ["gunicorn", "pubtracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
