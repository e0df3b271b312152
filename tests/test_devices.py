"""Listing microphones and speakers, and finding the one named in the settings."""

from __future__ import annotations

import pytest

from speakprep.audio.devices import (
    InputDevice,
    OutputDevice,
    default_input_device,
    default_output_device,
    find_input_device,
    find_output_device,
    is_missing_device_error,
    list_input_devices,
    list_output_devices,
)
from tests.fakes import FakeSoundDevice, PortAudioError, fake_device_info, no_device_error

LAPTOP = "HDA Intel PCH: ALC3246 Analog (hw:0,0)"
USB = "Blue Yeti: USB Audio (hw:1,0)"


def _laptop_with_usb_mic() -> FakeSoundDevice:
    return FakeSoundDevice(
        [
            fake_device_info(LAPTOP, inputs=2, outputs=2, rate_hz=44_100),
            fake_device_info(USB, inputs=1, rate_hz=48_000),
            fake_device_info("HDMI 0", outputs=8),
        ],
        default_input=0,
        default_output=0,
    )


def test_inputs_and_outputs_are_listed_with_the_default_marked() -> None:
    sd = _laptop_with_usb_mic()
    assert list_input_devices(sd) == [
        InputDevice(0, LAPTOP, 2, 44_100.0, True, "ALSA"),
        InputDevice(1, USB, 1, 48_000.0, False, "ALSA"),
    ]
    assert [(d.index, d.channels) for d in list_output_devices(sd)] == [(0, 2), (2, 8)]
    assert all(isinstance(d, OutputDevice) for d in list_output_devices(sd))
    assert default_input_device(sd) == list_input_devices(sd)[0]
    assert default_output_device(sd).name == LAPTOP


def test_without_a_system_default_the_first_device_is_the_default() -> None:
    sd = FakeSoundDevice([fake_device_info(USB, inputs=1)])
    assert default_input_device(sd).name == USB
    assert default_input_device(sd).is_default is False
    assert default_output_device(sd) is None


def test_no_devices_and_a_broken_sound_system_give_empty_lists() -> None:
    assert list_input_devices(FakeSoundDevice()) == []
    assert default_input_device(FakeSoundDevice()) is None
    assert list_input_devices(FakeSoundDevice([fake_device_info(USB, inputs=1)], broken=True)) == []
    assert find_input_device(USB, FakeSoundDevice(broken=True)) is None


def test_this_machine_can_be_listed_without_raising() -> None:
    # Real PortAudio if installed (the test machine has no sound card), else nothing.
    devices = list_input_devices()
    assert isinstance(devices, list)
    assert all(isinstance(d, InputDevice) for d in devices)
    assert isinstance(list_output_devices(), list)


def test_a_stored_name_finds_the_device_even_at_another_index() -> None:
    sd = _laptop_with_usb_mic()
    assert find_input_device(USB, sd).index == 1
    # Plugged into another port: ALSA renumbers the card, the name stays.
    moved = FakeSoundDevice([fake_device_info("Blue Yeti: USB Audio (hw:2,0)", inputs=1)])
    assert find_input_device(USB, moved).index == 0
    assert find_input_device("blue yeti: usb audio", moved).index == 0
    assert find_output_device("HDMI 0", sd).index == 2


def test_a_missing_or_unset_name_finds_nothing() -> None:
    sd = _laptop_with_usb_mic()
    assert find_input_device("Old headset", sd) is None
    assert find_input_device("HDMI 0", sd) is None  # an output only
    assert find_input_device(None, sd) is None
    assert find_input_device("", sd) is None


def test_the_default_host_api_wins_when_a_name_is_listed_twice() -> None:
    sd = FakeSoundDevice(
        [
            fake_device_info("Microphone (Realtek)", inputs=2, hostapi=0),
            fake_device_info("Microphone (Realtek)", inputs=2, hostapi=1),
        ],
        hostapis=("MME", "Windows WASAPI"),
        default_hostapi=1,
    )
    found = find_input_device("Microphone (Realtek)", sd)
    assert (found.index, found.host_api) == (1, "Windows WASAPI")


@pytest.mark.parametrize(
    ("error", "missing"),
    [
        (no_device_error(), True),
        (PortAudioError("Error querying device 3"), True),
        (ValueError("No input device matching 'USB'"), True),
        (PortAudioError("Error starting stream: Device unavailable", -9985), True),
        (PortAudioError("Error opening InputStream: Invalid device", -9996), True),
        (PortAudioError("Error opening InputStream: Invalid sample rate", -9997), False),
        (ValueError("Multiple input devices found for 'Mic'"), False),
    ],
)
def test_missing_device_errors_are_recognised(error: Exception, missing: bool) -> None:
    assert is_missing_device_error(error) is missing
