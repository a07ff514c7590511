from django.db import migrations


def create_articles_category(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    Category.objects.get_or_create(
        slug="articles",
        defaults={
            "name": "Articles",
            "description": "Discussions of the articles published on Rare Earth Exchanges.",
            "position": 0,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(create_articles_category, migrations.RunPython.noop)]
