"""The visitor's screen: live preview with a face guide, guidance, the verdict, and the
collection notice, always visible."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.pipeline import PipelineUpdate
from kiosk.privacy.notice import Notice
from kiosk.screening import Phase, ScreeningView
from ui import texts

FACE_COLOURS = {
    Phase.GUIDING: QColor("#f5a623"),
    Phase.MEASURING: QColor("#2f80ed"),
    Phase.RESULT: QColor("#ffffff"),
}


def _label(size: int, bold: bool = False) -> QLabel:
    label = QLabel()
    font = QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class PreviewView(QLabel):
    """The camera picture, mirrored like a mirror, with the face outlined."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(480, 360)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: #111; border-radius: 12px;")

    def show_update(self, update: PipelineUpdate) -> None:
        image = update.frame.image
        height, width = image.shape[:2]
        rgb = np.ascontiguousarray(image[:, ::-1, ::-1])
        qimage = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        painter = QPainter(qimage)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view = update.view
        colour = FACE_COLOURS.get(view.phase)
        if view.face is not None and colour is not None:
            x, y, w, h = view.face.box
            painter.setPen(QPen(colour, 4))
            painter.drawRoundedRect(QRectF(width - x - w, y, w, h), 16, 16)
        else:
            # Where to put your face: an oval guide in the middle of the picture.
            painter.setPen(QPen(QColor(255, 255, 255, 160), 3, Qt.PenStyle.DashLine))
            painter.drawEllipse(QPointF(width / 2, height * 0.45), width * 0.16, height * 0.3)
        painter.end()
        pixmap = QPixmap.fromImage(qimage).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.setPixmap(pixmap)


class StatusPanel(QFrame):
    """Guidance while the visitor is guided or measured; the verdict afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self.icon = _label(120, bold=True)
        self.temperature = _label(96, bold=True)
        self.zh = _label(44, bold=True)
        self.en = _label(32)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.icon, self.temperature, self.zh, self.en):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.show_view(ScreeningView(Phase.IDLE))

    def _paint(self, background: str, foreground: str = "#1d1d1f") -> None:
        self.setStyleSheet(
            f"StatusPanel {{ background: {background}; border-radius: 16px; }}"
            f"QLabel {{ color: {foreground}; }}"
        )

    def show_view(self, view: ScreeningView) -> None:
        if view.phase is Phase.RESULT and view.result is not None:
            icon, colour, zh, en = texts.VERDICT[view.result.verdict]
            self._paint(colour, "#ffffff")
            self.icon.setText(icon)
            value = view.result.temperature_c
            self.temperature.setText("" if value is None else f"{value:.1f} °C")
            self.temperature.setVisible(value is not None)
            self.zh.setText(zh)
            self.en.setText(en)
            return
        self.temperature.setVisible(False)
        if view.phase is Phase.PAUSED:
            self._paint("#5f6368", "#ffffff")
            self.icon.setText("⏸")
            self.zh.setText(texts.PAUSED[0])
            self.en.setText(texts.PAUSED[1])
            return
        self._paint("#f2f2f7")
        zh, en = texts.GUIDANCE[view.guidance]
        self.icon.setText(f"{int(view.progress * 100)}%" if view.phase is Phase.MEASURING else "☺")
        self.zh.setText(zh)
        self.en.setText(en)


class NoticeBanner(QFrame):
    """The collection notice: on screen from power-on, in both languages."""

    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.setStyleSheet(
            "NoticeBanner { background: #0b3d91; border-radius: 12px; } QLabel { color: white; }"
        )
        layout = QVBoxLayout(self)
        self.zh = _label(22)
        self.en = _label(18)
        self.zh.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.en.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.zh.setText(notice.short_zh)
        self.en.setText(notice.short_en)
        self.version = _label(14)
        self.version.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.version.setText(notice.version)
        for widget in (self.zh, self.en, self.version):
            layout.addWidget(widget)


class KioskWindow(QWidget):
    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.setWindowTitle(" · ".join(texts.TITLE))
        self.setStyleSheet("KioskWindow { background: #ffffff; }")
        self.preview = PreviewView()
        self.status = StatusPanel()
        self.notice = NoticeBanner(notice)
        title = _label(34, bold=True)
        title.setText("  ".join(texts.TITLE))
        row = QHBoxLayout()
        row.addWidget(self.preview, 3)
        row.addWidget(self.status, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(row, 1)
        layout.addWidget(self.notice)

    def show_update(self, update: PipelineUpdate) -> None:
        self.preview.show_update(update)
        self.status.show_view(update.view)
