from wiredesk.cli import app

app()
