"""First-run set-up by touch: each page checked before Next, Back and Cancel, labelled fields,
languages by name, and a finish that saves everything (audited) and restarts the kiosk onto
the devices chosen. The touch calibration's pairing of taps with warm spots is checked on
thermal frames with a target drawn in."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from drivers.thermal.base import ThermalReading
from kiosk.paths import kiosk_paths
from kiosk.registration import RegistrationError
from kiosk.registration_session import RegistrationSession
from kiosk.settings import FusionSettings, load_settings
from kiosk.store import KioskStore
from kiosk.supervision import EXIT_RESTART
from tests.ui.conftest import demo_settings, open_window
from ui import texts
from ui.operator.wizard import SetupWizard
from ui.texts import tr

LEFT = Qt.MouseButton.LeftButton


def _next(qtbot: QtBot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.next, LEFT)


def test_setup_is_finished_by_touch_with_every_page_checked(
    qtbot: QtBot, store: KioskStore
) -> None:
    window, _, services = open_window(qtbot, store, demo_settings(kiosk_mode=False), with_pin=False)
    try:
        qtbot.waitUntil(lambda: not window.desk.pin_exists)
        window.hotspot.held.emit()  # the demo reaches set-up by the corner
        wizard = window.desk.wizard
        assert wizard is not None and window.pages.currentWidget() is wizard
        assert [b.text() for b in wizard.languages.buttons()] == ["中文", "English"]
        assert not wizard.back.isEnabled() and wizard.cancel.isVisibleTo(wizard)
        qtbot.mouseClick(wizard.languages.button(1), LEFT)  # English, at once
        assert wizard.next.text() == "Next"
        _next(qtbot, wizard)

        wizard.pin.setText("1357")  # too short
        wizard.pin_again.setText("1357")
        _next(qtbot, wizard)
        assert "6 to 12 digits" in wizard.message.text() and wizard.pages.currentIndex() == 1
        wizard.pin.setText("135790")
        wizard.pin_again.setText("135791")
        _next(qtbot, wizard)
        assert wizard.message.text() == "The two PINs differ."
        wizard.pin_again.setText("135790")
        _next(qtbot, wizard)
        assert wizard.pages.currentIndex() == 2

        _next(qtbot, wizard)  # no operator yet
        assert "name the operator" in wizard.message.text()
        qtbot.mouseClick(wizard.back, LEFT)
        assert wizard.pages.currentIndex() == 1 and wizard.message.text() == ""
        _next(qtbot, wizard)
        wizard.operator_name.setText("Library front desk")
        wizard.operator_contact.setText("+86 21 5555 0100")
        _next(qtbot, wizard)

        assert wizard.camera_source() == "auto"
        qtbot.mouseClick(wizard.cameras.button(1), LEFT)  # camera 0
        _next(qtbot, wizard)

        _next(qtbot, wizard)  # no serial port named
        assert "serial port" in wizard.message.text()
        wizard.sensor_port.setText("/dev/ttyUSB0")
        wizard.sensor_lens.set_value("mlx90614-xcc-35")  # a single-point lens on the array
        _next(qtbot, wizard)
        assert "does not fit" in wizard.message.text() and wizard.pages.currentIndex() == 4
        wizard.sensor_lens.set_value("mlx90640-baa-110x75")
        _next(qtbot, wizard)
        _next(qtbot, wizard)  # threshold as it is
        assert wizard.next.text() == "Finish" and "warm target" in wizard.calibration_steps.text()
        _next(qtbot, wizard)
        qtbot.waitUntil(lambda: services.runtime.exit_code == EXIT_RESTART, timeout=10000)
        assert services.pin.check("135790").accepted
        saved = load_settings(kiosk_paths().settings_file)
        assert saved.privacy.notice.operator_name == "Library front desk"
        assert (saved.camera.source, saved.sensor.port) == ("0", "/dev/ttyUSB0")
        assert saved.sensor.lens == "mlx90640-baa-110x75"
        assert saved.privacy.notice.default_language == "en"
        actors = {e.details["actor"] for e in store.audit_entries("setting_changed")}
        assert actors == {"setup"}
    finally:
        window.shutdown()


def test_cancel_leaves_set_up_unfinished(qtbot: QtBot, store: KioskStore) -> None:
    window, _, services = open_window(qtbot, store, demo_settings(kiosk_mode=False), with_pin=False)
    try:
        qtbot.waitUntil(lambda: not window.desk.pin_exists)
        window.desk.show_setup()
        wizard = window.desk.wizard
        assert wizard is not None
        wizard.operator_name.setText("Riverside Mall")
        # One stray touch on Cancel asks first; "No, go back" keeps what was entered.
        qtbot.mouseClick(wizard.cancel, LEFT)
        confirmation = window.desk.confirmation
        assert confirmation.isVisible()
        assert confirmation.question.text() == tr(texts.LEAVE_SETUP_CONFIRM)
        qtbot.mouseClick(confirmation.no, LEFT)
        assert window.pages.currentWidget() is wizard
        assert wizard.operator_name.text() == "Riverside Mall"
        qtbot.mouseClick(wizard.cancel, LEFT)
        qtbot.mouseClick(confirmation.yes, LEFT)
        assert window.pages.currentWidget() is window.visitor_page
        assert not services.pin.exists() and not kiosk_paths().settings_file.exists()
    finally:
        window.shutdown()


def reading_with_target(column: float, row: float) -> ThermalReading:
    """A 24 × 32 frame at room temperature with a warm cup around (column, row)."""
    cols, rows = np.meshgrid(np.arange(32) + 0.5, np.arange(24) + 0.5)
    pixels = 22.0 + 25.0 * np.exp(-((cols - column) ** 2 + (rows - row) ** 2) / 1.5)
    return ThermalReading(t=1.0, ambient_c=22.0, pixels=pixels.astype(np.float32))


def test_touch_calibration_pairs_taps_with_the_warm_target() -> None:
    truth = np.array([[0.05, 0.0, 0.0], [0.0, 0.05, 0.0], [0.0, 0.0, 1.0]])
    session = RegistrationSession(FusionSettings())
    flat = ThermalReading(t=0.0, ambient_c=22.0, pixels=np.full((24, 32), 22.0, np.float32))
    assert not session.mark((100, 100), flat)  # no warm target in view: nothing kept
    assert not session.mark((100, 100), None)
    for x, y in ((80, 60), (560, 60), (320, 240), (80, 420), (560, 420), (200, 330), (440, 150)):
        thermal = truth @ np.array([x, y, 1.0])
        assert session.mark((x, y), reading_with_target(thermal[0], thermal[1]))
    session.undo()
    assert len(session.camera_px) == 6
    fit = session.fit()
    assert fit.acceptable and fit.mean_residual_px < 0.2
    np.testing.assert_allclose(fit.matrix, truth, atol=2e-3)
    session.undo()
    with pytest.raises(RegistrationError, match="at least 6"):
        session.fit()
