# かげの長さをはかろう (E14) / Measure the shadow
# 日なたなら たいよう、日かげなら かげの 絵を 出し、1分ごとに 明るさを きろくします。
# It shows a sun in the sunshine and a shadow in the shade, and logs the light every minute.
# きろくは パソコンに つないで MICROBIT の MY_DATA.HTM で 見られます（シミュレーターは G キー）。
# See the log in MY_DATA.HTM on the MICROBIT drive (in the simulator: key G).
from microbit import *
import log

SUN = Image("90909:09990:99999:09990:90909")    # 日なた / sunshine
SHADE = Image("00000:00000:09990:99999:00000")  # 日かげ / shade
BORDER = 100  # これより 明るいと 日なた / brighter than this: sunshine

log.set_labels("light", timestamp=log.SECONDS)
log.set_mirroring(True)  # きろくを シリアルにも 出す / also print each row
display.read_light_level()  # 1回目は 0 なので 先に 読んでおく / the first reading is 0


@run_every(min=1)
def record():
    log.add(light=display.read_light_level())


while True:
    if display.read_light_level() > BORDER:
        display.show(SUN)
    else:
        display.show(SHADE)
    if button_a.was_pressed():   # 今の 明るさ / the light level now
        display.scroll(display.read_light_level())
    sleep(1000)
