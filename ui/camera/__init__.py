"""Camera scanning glue: frames in (OpenCV capture or a test), decoded text out, by signal."""
