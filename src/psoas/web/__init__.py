"""psoas in the browser: a FastAPI app over the same store as the terminal (`psoas serve`).

    from psoas.web.app import WebConfig, create_app
    app = create_app(WebConfig.new())      # tests drive it with starlette's TestClient

Nothing here is imported by `psoas --help`: FastAPI and uvicorn load only for `serve`.
"""
