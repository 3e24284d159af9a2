"""psoas: a daily psoas stretching coach that guides, watches and keeps your data local.

Importing this package is cheap on purpose: heavy parts (mediapipe, cv2, matplotlib,
SQLAlchemy) are imported only by the commands that need them.
"""

__version__ = "0.1.0"
