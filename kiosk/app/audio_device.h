// The kiosk's microphone and speaker for `feedback-kiosk audio` (kiosk/speech over SDL audio).
#pragma once

#include "app/audio_command.h"

namespace feedback::app {

const AudioDevice& sdl_audio_device();

}  // namespace feedback::app
