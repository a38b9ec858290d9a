"""The local database: models, migrations, demo and synthetic data, checks."""
