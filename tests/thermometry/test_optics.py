"""The sensor's optics: the datasheet fields of view give the default homography, the size of a
thermal pixel on a face at the distances visitors stand at, the parallax of a sensor mounted
beside the camera, and how much of a pixel the inner canthus fills."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kiosk.registration import to_thermal
from kiosk.settings import FusionSettings, Settings, SettingsError, parse_settings
from kiosk.settings.fusion import check_registration
from kiosk.thermometry import optics

BAB = optics.LENSES["mlx90640-bab-55x35"]
BAA = optics.LENSES["mlx90640-baa-110x75"]


def test_the_default_homography_is_the_55_degree_lens_on_the_default_camera() -> None:
    # 62° camera, 640 × 480: array focal lengths over the camera's from the datasheet fields.
    expected = (0.0577, 0.0, -2.47, 0.0, 0.0715, -5.15, 0.0, 0.0, 1.0)
    assert Settings().fusion.rgb_to_thermal == pytest.approx(expected, abs=0.005)
    derived = optics.lens_homography((640, 480), 62.0, BAB)
    assert np.asarray(Settings().fusion.rgb_to_thermal).reshape(3, 3) == pytest.approx(
        derived, abs=1e-4
    )


@pytest.mark.parametrize("lens", [BAB, BAA], ids=lambda lens: lens.name)
def test_each_lens_maps_the_camera_onto_the_array_as_the_settings_require(
    lens: optics.SensorLens,
) -> None:
    matrix = optics.lens_homography((640, 480), 62.0, lens, (0.03, 0.0))
    check_registration(tuple(matrix.reshape(-1)), (640, 480), optics.MLX90640_SHAPE)
    # The middle of the picture lands near the middle of the array (the 3 cm offset shifts it).
    centre = to_thermal(np.array([[320.0, 240.0]]), matrix)[0]
    assert centre == pytest.approx((16.0, 12.0), abs=2.0)


def test_a_thermal_pixel_on_a_face_at_the_distances_visitors_stand_at() -> None:
    """With the 55° lens a pixel spans about 1.5 cm across at 0.45 m and 2.4 cm at 0.75 m."""
    matrix = optics.lens_homography((640, 480), 62.0, BAB)
    camera = optics.focal_length_px(640, 62.0)
    across = optics.local_jacobian(matrix, np.array([320.0, 240.0]))[0, 0]
    for distance, width_cm in ((0.45, 1.5), (0.75, 2.4)):
        metres_per_camera_px = distance / camera
        assert metres_per_camera_px / across * 100 == pytest.approx(width_cm, abs=0.1)


def test_parallax_corrects_a_homography_registered_at_another_distance() -> None:
    offset = (0.04, -0.02)
    registered = optics.lens_homography((640, 480), 62.0, BAB, offset, 0.55)
    camera = optics.focal_length_px(640, 62.0)
    point = np.array([300.0, 220.0])
    for distance in (0.3, 0.8):
        exact = to_thermal(
            point[None], optics.lens_homography((640, 480), 62.0, BAB, offset, distance)
        )[0]
        shift = optics.parallax_px(registered, point, distance / camera, distance, offset, 0.55)
        assert to_thermal(point[None], registered)[0] + shift == pytest.approx(exact, abs=1e-6)
        assert np.linalg.norm(shift) > 0.3  # a third of a pixel or more: worth correcting


def test_the_canthus_fills_less_of_a_pixel_the_farther_the_face() -> None:
    fills = [optics.canthus_fill(pixel_m).mean for pixel_m in (0.002, 0.01, 0.015, 0.024)]
    assert fills == sorted(fills, reverse=True)
    assert fills[0] > 0.9  # a pixel well inside the 1 cm warm spot reads it whole
    assert fills[-1] < 0.2  # a 2.4 cm pixel (55° at 0.75 m) holds a small share of it


def test_a_spot_sensors_field_in_camera_pixels_follows_its_lens() -> None:
    narrow = optics.spot_radius_px(640, 62.0, optics.LENSES["mlx90614-xcf-10"])
    assert narrow == pytest.approx(optics.focal_length_px(640, 62.0) * math.tan(math.radians(5)))
    assert FusionSettings().spot_radius_px == pytest.approx(
        optics.spot_radius_px(640, 62.0, optics.LENSES["mlx90614-xaa-90"]), abs=0.1
    )


def test_the_lens_setting_must_fit_the_board() -> None:
    settings = parse_settings({"sensor": {"lens": "mlx90640-baa-110x75"}})
    assert settings.sensor.installed_lens() is BAA
    assert parse_settings({}).sensor.installed_lens() is BAB
    spot = parse_settings({"sensor": {"driver": "gy-mcu90614"}})
    assert spot.sensor.installed_lens().array_shape is None
    with pytest.raises(SettingsError, match=r"sensor\.lens"):
        parse_settings({"sensor": {"driver": "gy-mcu90614", "lens": "mlx90640-bab-55x35"}})
    with pytest.raises(SettingsError, match=r"sensor\.lens"):
        parse_settings({"sensor": {"lens": "mlx90640-fisheye"}})
