"""Masked visitors: a face with a mask that the Face Landmarker does not see is found by YuNet,
its inner canthi placed from YuNet's eye keypoints with the uncertainty that implies, and the
visitor is screened through the same replay loop the kiosk uses (real models on a real photo
with a drawn mask)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from drivers.thermal.base import ThermalReading
from kiosk.demo.scene import Visitor, VisitorScene
from kiosk.demo.thermal import render_thermal
from kiosk.fusion import MeasureProblem, measure
from kiosk.session import replay
from kiosk.settings import Settings
from kiosk.vision import cascade
from kiosk.vision.cascade import FaceCascade
from kiosk.vision.landmarks import INNER_CANTHI, FaceLandmarks, FaceSource

FOV = 62.0
AMBIENT_C = 23.0
# The licensed photo person_a_1.jpg with a drawn cloth mask (the scene's second visitor gets
# the second mask style), 0.7 m away: the landmarker finds it in no frame, YuNet in every one.
MASKED, DISTANCE_M = 1, 0.7


@pytest.fixture(scope="module")
def scene() -> VisitorScene:
    return VisitorScene(
        (Visitor("person_a_1.jpg", 36.6), Visitor("person_a_1.jpg", 36.6, masked=True))
    )


def frames(scene: VisitorScene, seconds: float, fps: float = 8.0) -> list[tuple[float, np.ndarray]]:
    return [
        (i / fps, scene.render(scene.pose_of(MASKED, DISTANCE_M, i / fps)))
        for i in range(int(seconds * fps))
    ]


def test_the_landmarker_alone_misses_the_masked_face_that_the_cascade_finds(
    scene: VisitorScene,
) -> None:
    shots = frames(scene, 1.0)
    with FaceLandmarks(FOV) as landmarker:
        assert not any(landmarker.detect(image, t).faces for t, image in shots)
    pose = scene.pose_of(MASKED, DISTANCE_M, shots[-1][0])
    with FaceCascade(FOV) as finder:
        faces = [finder.detect(image, t).faces for t, image in shots]
    assert all(len(found) == 1 for found in faces)
    face = faces[-1][0]
    assert face.source is FaceSource.KEYPOINTS and face.mesh is None
    # Canthi where the mesh of the unmasked photo puts them, within three of their spreads.
    spacing = np.linalg.norm(face.landmarks[1, :2] - face.landmarks[0, :2])
    truth = pose.landmarks[list(INNER_CANTHI)]
    error = np.linalg.norm(np.array(face.inner_canthi) - truth, axis=1)
    assert np.all(error < 3 * 1.414 * cascade.CANTHUS_SPREAD * spacing), error
    assert face.canthus_spread_px == pytest.approx(cascade.CANTHUS_SPREAD * spacing)
    assert face.distance_m == pytest.approx(DISTANCE_M, rel=3 * cascade.EYE_DISTANCE_SPREAD)


def test_a_canthus_placed_from_keypoints_is_less_certain_than_one_from_the_mesh(
    scene: VisitorScene,
) -> None:
    fusion = Settings().fusion
    matrix = np.asarray(fusion.rgb_to_thermal).reshape(3, 3)
    rng = np.random.default_rng(0)
    uncertainties = {}
    for index in (0, MASKED):  # the same person bare (a mesh) and masked (keypoints only)
        pose = scene.pose_of(index, DISTANCE_M, 0.0)
        with FaceCascade(FOV) as finder:
            (face,) = finder.detect(scene.render(pose), 0.0).faces
        pixels = render_thermal(
            pose,
            ambient_c=AMBIENT_C,
            rgb_to_thermal=matrix,
            frame_width=640,
            horizontal_fov_deg=FOV,
            rng=rng,
        )
        result = measure(face, 0.0, ThermalReading(0.0, AMBIENT_C, pixels=pixels), fusion)
        assert not isinstance(result, MeasureProblem), result
        uncertainties[face.source] = result.uncertainty
    mesh, keypoints = uncertainties[FaceSource.MESH], uncertainties[FaceSource.KEYPOINTS]
    assert keypoints.component("canthus_position") > mesh.component("canthus_position")
    assert keypoints.component("distance") > mesh.component("distance")


def test_a_masked_visitor_only_yunet_sees_is_screened_by_the_replay_loop(
    scene: VisitorScene,
) -> None:
    """The loop `kiosk replay` runs (and the pipeline's vision worker, which constructs the
    same face finder): a verdict with a number for the masked visitor."""
    settings = Settings()
    fusion = settings.fusion
    matrix = np.asarray(fusion.rgb_to_thermal).reshape(3, 3)
    rng = np.random.default_rng(1)
    shots = frames(scene, 4.0)
    readings = []
    for k in range(int(4.0 * 4)):
        t = k / 4.0
        pose = scene.pose_of(MASKED, DISTANCE_M, t)
        pose = replace(pose, visitor=replace(pose.visitor, body_c=36.6))
        pixels = render_thermal(
            pose,
            ambient_c=AMBIENT_C,
            rgb_to_thermal=matrix,
            frame_width=640,
            horizontal_fov_deg=FOV,
            rng=rng,
        )
        readings.append(ThermalReading(t, AMBIENT_C, pixels=pixels))
    verdicts = [e for e in replay(shots, readings, settings) if e["event"] == "verdict"]
    assert verdicts, "the masked visitor was never screened"
    first = verdicts[0]
    assert first["verdict"] in ("normal", "elevated") and first["temperature_c"] is not None
    assert first["site"] == "inner_canthus"
